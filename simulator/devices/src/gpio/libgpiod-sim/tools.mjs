// A stand-in for the libgpiod v2 command-line tools (gpioset, gpioget, gpiomon) over a simulated
// chip: the --chip argument names a directory with one file per line offset holding its physical
// level, "0" or "1". Only the options regiobox uses are understood; anything else exits 1, as the
// real tools do with an unknown option. Plain JavaScript so that each call starts as fast as a tool.
import fs from 'node:fs';
import path from 'node:path';

const [tool, ...args] = process.argv.slice(2);

function fail(message) {
  process.stderr.write(`${tool}: ${message}\n`);
  process.exit(1);
}

function parse(argv, valued) {
  const options = { activeLow: false, banner: false, lines: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--active-low' || arg === '-l') options.activeLow = true;
    else if (arg === '--banner') options.banner = true;
    else if (valued.includes(arg)) {
      options[arg.replace(/^--/, '')] = argv[i + 1];
      i += 1;
    } else if (arg.startsWith('-')) fail(`unrecognized option '${arg}'`);
    else options.lines.push(arg);
  }
  if (options.chip === undefined) fail('--chip is required by this simulation');
  if (!fs.existsSync(options.chip)) fail(`cannot find GPIO chip '${options.chip}'`);
  return options;
}

const levelFile = (chip, offset) => path.join(chip, String(offset));
const readLevel = (chip, offset) => {
  try {
    return fs.readFileSync(levelFile(chip, offset), 'utf8').trim() === '1';
  } catch {
    return false;
  }
};
const writeLevel = (chip, offset, high) => {
  // Write and rename, so a monitor polling the file never sees it half written.
  const temp = `${levelFile(chip, offset)}.${process.pid}`;
  fs.writeFileSync(temp, high ? '1' : '0');
  fs.renameSync(temp, levelFile(chip, offset));
  fs.appendFileSync(path.join(chip, 'log'), `${offset} ${high ? 1 : 0} ${Date.now()}\n`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function periodMs(text) {
  const match = /^(\d+)(us|ms|s)?$/.exec(text);
  if (match === null) fail(`invalid period: ${text}`);
  const value = Number(match[1]);
  return match[2] === 's' ? value * 1000 : match[2] === 'us' ? value / 1000 : value;
}

async function gpioset() {
  const o = parse(args, ['--chip', '--consumer', '--toggle']);
  const [spec] = o.lines;
  const [offset, value] = (spec ?? '').split('=');
  if (offset === undefined || (value !== '0' && value !== '1')) fail(`invalid line value: '${spec}'`);
  let active = value === '1';
  writeLevel(o.chip, offset, active !== o.activeLow);
  if (o.banner) process.stdout.write(`Setting line '${offset}'...\n`);
  if (o.toggle === undefined) {
    // Without --toggle the real tool holds the line until it is killed.
    setInterval(() => {}, 60_000);
    return;
  }
  const periods = o.toggle.split(',').map(periodMs);
  if (periods.length === 1 && periods[0] === 0) return;
  for (let i = 0; ; i = (i + 1) % periods.length) {
    await sleep(periods[i]);
    active = !active;
    writeLevel(o.chip, offset, active !== o.activeLow);
    if (i === periods.length - 2 && periods[periods.length - 1] === 0) return;
  }
}

function gpioget() {
  const o = parse(args, ['--chip', '--consumer']);
  const [offset] = o.lines;
  const active = readLevel(o.chip, offset) !== o.activeLow;
  process.stdout.write(`"${offset}"=${active ? 'active' : 'inactive'}\n`);
}

function gpiomon() {
  const o = parse(args, ['--chip', '--consumer', '--edges', '--format']);
  if (o.format !== '%o %E') fail(`this simulation prints only --format '%o %E', not ${o.format}`);
  const [offset] = o.lines;
  let last = readLevel(o.chip, offset);
  if (o.banner) process.stdout.write(`Monitoring line '${offset}'...\n`);
  setInterval(() => {
    const now = readLevel(o.chip, offset);
    if (now === last) return;
    last = now;
    // With --active-low the tool reports edges in logical terms: rising = became active.
    const rising = now !== o.activeLow;
    process.stdout.write(`${offset} ${rising ? 'rising' : 'falling'}\n`);
  }, 2);
}

if (tool === 'gpioset') await gpioset();
else if (tool === 'gpioget') gpioget();
else if (tool === 'gpiomon') gpiomon();
else fail('unknown tool');
