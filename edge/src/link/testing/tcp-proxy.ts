// The relay that cuts a link silently lives with the other simulated devices (a van's cellular link
// in the simulator uses it too).
export { TcpProxy } from '@regiobox/simulated-devices';
