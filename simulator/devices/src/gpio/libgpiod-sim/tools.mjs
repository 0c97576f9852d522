// A stand-in for the libgpiod v2 command-line tools (gpioset, gpioget, gpiomon, gpioinfo) over
// simulated chips: a directory per chip under REGIOBOX_SIM_GPIO_DEV (the simulated /dev) with
// names.json (line names by offset) and one file per line offset holding its physical level, "0" or
// "1". Only the options regiobox uses are understood; anything else exits 1, as the real tools do
// with an unknown option. With a 1.x REGIOBOX_SIM_LIBGPIOD_VERSION the tools answer --version and
// refuse every v2 option, as Debian bookworm's libgpiod 1.6 tools do. Plain JavaScript so that each
// call starts as fast as a tool.
import fs from 'node:fs';
import path from 'node:path';

const [tool, ...args] = process.argv.slice(2);
const dev = process.env.REGIOBOX_SIM_GPIO_DEV ?? '/nonexistent';
const version = process.env.REGIOBOX_SIM_LIBGPIOD_VERSION ?? '2.1.3';

function fail(message) {
  process.stderr.write(`${tool}: ${message}\n`);
  process.exit(1);
}

/** A chip by number ('4'), name ('gpiochip4') or path, as the v2 tools take it. */
function chipPath(id) {
  const dir = id.includes('/') ? id : path.join(dev, /^\d+$/.test(id) ? `gpiochip${id}` : id);
  if (!fs.existsSync(path.join(dir, 'names.json'))) fail(`cannot find GPIO chip character device '${id}'`);
  return dir;
}

const lineNames = (chip) => JSON.parse(fs.readFileSync(path.join(chip, 'names.json'), 'utf8'));

/** A line by offset on the chip, or by name, as `gpioset --chip C 17=1` or `gpioset GPIO17=1`. */
function lineOffset(chip, id) {
  const names = lineNames(chip);
  if (/^\d+$/.test(id)) {
    const offset = Number(id);
    if (offset >= names.length) fail(`offset ${id} is out of range on chip '${path.basename(chip)}'`);
    return offset;
  }
  const offset = names.indexOf(id);
  if (offset < 0) fail(`cannot find line '${id}'`);
  return offset;
}

function parse(argv, valued) {
  const options = { activeLow: false, banner: false, strict: false, byName: false, lines: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--active-low' || arg === '-l') options.activeLow = true;
    else if (arg === '--banner') options.banner = true;
    else if (arg === '--strict' || arg === '-s') options.strict = true;
    else if (arg === '--by-name') options.byName = true;
    else if (valued.includes(arg)) {
      options[arg.replace(/^--/, '')] = argv[i + 1];
      i += 1;
    } else if (arg.startsWith('-')) fail(`unrecognized option '${arg}'`);
    else options.lines.push(arg);
  }
  return options;
}

function requestedLine(o, spec) {
  if (o.chip === undefined) fail('--chip is required by this simulation');
  const chip = chipPath(o.chip);
  return { chip, offset: lineOffset(chip, spec) };
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
  const [id, value] = (spec ?? '').split('=');
  if (id === undefined || (value !== '0' && value !== '1')) fail(`invalid line value: '${spec}'`);
  const { chip, offset } = requestedLine(o, id);
  let active = value === '1';
  writeLevel(chip, offset, active !== o.activeLow);
  if (o.banner) process.stdout.write(`Setting line '${id}'...\n`);
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
    writeLevel(chip, offset, active !== o.activeLow);
    if (i === periods.length - 2 && periods[periods.length - 1] === 0) return;
  }
}

function gpioget() {
  const o = parse(args, ['--chip', '--consumer']);
  const [id] = o.lines;
  const { chip, offset } = requestedLine(o, id);
  const active = readLevel(chip, offset) !== o.activeLow;
  process.stdout.write(`"${id}"=${active ? 'active' : 'inactive'}\n`);
}

function gpiomon() {
  const o = parse(args, ['--chip', '--consumer', '--edges', '--format']);
  if (o.format !== '%o %E') fail(`this simulation prints only --format '%o %E', not ${o.format}`);
  const [id] = o.lines;
  const { chip, offset } = requestedLine(o, id);
  let last = readLevel(chip, offset);
  if (o.banner) process.stdout.write(`Monitoring line '${id}'...\n`);
  setInterval(() => {
    const now = readLevel(chip, offset);
    if (now === last) return;
    last = now;
    // With --active-low the tool reports edges in logical terms: rising = became active.
    const rising = now !== o.activeLow;
    process.stdout.write(`${offset} ${rising ? 'rising' : 'falling'}\n`);
  }, 2);
}

/** `gpioinfo [--chip C] [--strict] NAME...`: one `<chip> <offset>\t"<name>"\t<attrs>` row per match. */
function gpioinfo() {
  const o = parse(args, ['--chip']);
  const chips =
    o.chip === undefined
      ? fs
          .readdirSync(dev)
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
          .map((name) => path.join(dev, name))
      : [chipPath(o.chip)];
  let status = 0;
  for (const id of o.lines) {
    let found = 0;
    for (const chip of chips) {
      lineNames(chip).forEach((name, offset) => {
        if (name !== id || (found > 0 && !o.strict)) return;
        found += 1;
        process.stdout.write(`${path.basename(chip)} ${offset}\t${`"${name}"`.padEnd(16)}\tinput\n`);
      });
    }
    if (found === 0) process.stderr.write(`gpioinfo: cannot find line '${id}'\n`);
    if (found !== 1) status = 1;
  }
  process.exit(status);
}

const V1_OPTIONS = new Set([
  '--mode',
  '--sec',
  '--usec',
  '--active-low',
  '--background',
  '--bias',
  '--drive',
]);

if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${tool} (libgpiod) v${version}\n`);
} else if (version.startsWith('1.')) {
  const unknown = args.find((arg) => arg.startsWith('--') && !V1_OPTIONS.has(arg.split('=')[0]));
  fail(
    unknown === undefined
      ? 'this simulation of libgpiod v1 knows only --version'
      : `unrecognized option '${unknown}'`,
  );
} else if (tool === 'gpioset') await gpioset();
else if (tool === 'gpioget') gpioget();
else if (tool === 'gpiomon') gpiomon();
else if (tool === 'gpioinfo') gpioinfo();
else fail('unknown tool');
