export { clientIdBelongsTo, MAX_CLIENT_ID_LENGTH } from './client-id.js';
export {
  BrokerConfigError,
  type BrokerRegistry,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  ephemeralServiceCredentials,
  startEmbeddedBroker,
} from './embedded-broker.js';
export { FrameGuard, guardedConnection, MalformedLengthError, PacketTooLargeError } from './frame-guard.js';
export { type BrokerLimits, DEFAULT_BROKER_LIMITS } from './limits.js';
export {
  ACL_FILE_NAME,
  DEFAULT_MOSQUITTO_GROUP,
  type MosquittoFileOptions,
  type MosquittoFiles,
  MosquittoFilesError,
  mosquittoAclFile,
  mosquittoPasswordFile,
  PASSWORD_FILE_NAME,
  writeMosquittoFiles,
} from './mosquitto-files.js';
export { type BrokerIdentity, type Decision, mayPublish, maySubscribe } from './policy.js';
