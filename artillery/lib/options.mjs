// The runner's command line: --help, the figures to run (--only) and the sizes of each phase.
import { parseArgs } from 'node:util';

const HELP = `usage: npm run bench -- [options]

  --quick               about 4 minutes: fewer users, 5 s steps, short P3/P4 and smoke phases
  --p1                  also run P1: hold --p1-sockets sockets for --p1-minutes (default off)
  --p1-sockets N        sockets for P1 (default 10000)
  --p1-minutes N        minutes to hold them (default 10)
  --rates a,b,c         P2 steps in msg/s (default 100,200,400,800,1000,1200,1400,1600,2000,
                        2400,3200,4000,4800,6400,8000; quick 100,200,400,800,1600,3200)
  --step-seconds N      seconds per P2 step (default 15; quick 5)
  --pairs N             P2 alternates API and relay ladders, ABAB: N pairs (default 3, at
                        least 1); the figure is the median of each, with the spread
  --thread-share X      share of P2/P3 sends that reply in a thread of their conversation (0-1,
                        default 0.2: each conversation's every fifth send; 0 for none)
  --p3-rate N           P3 rate in msg/s (default: half the API's P2 capacity; needed by
                        --only p3 without p2)
  --conversations N     groups of 10 registered users for P2/P3 (default 50; quick 20)
  --p3-seconds N        seconds of P3 (and P4) load (default 30; quick 10)
  --messages N          size of the P4 conversation (default 1000000; quick 200000)
  --smoke-seconds N     seconds of each Artillery smoke scenario (default 20; quick 5)
  --bot-rate N          P6: new questions to sizebot per second, each in another person's
                        direct conversation with it (default 50)
  --bot-seconds N       seconds of P6 load (default 20; quick 8)
  --bot-people N        people registered for P6, each with its own conversation with sizebot
                        (default 200; quick 100); a person asks again once answered
  --bot-concurrency N   BOT_CONCURRENCY of the API's inline bot worker (default: the product's, 32)
  --visitor-rate N      P10: new widget visitors per second (default 20)
  --visitor-seconds N   seconds of P10 load (default 20; quick 8)
  --only LIST           run only these figures and the setup they need, e.g. --only p2
                        (p2, p3, p4 = p3 with pages during it, p5, p6; P7 checks whatever
                        p2/p3 acked); results go to latest[-quick]-only-<list>.*
  --no-artillery        skip the Artillery smoke scenarios (and their install)
  --no-pin              do not pin with taskset
  --wait-quiet N        first wait up to N minutes for other processes to leave the CPUs
                        (< 0.3 cores busy for 20 s); then run anyway, marked indicative
  --priority            run the whole benchmark (services, API, relay, load) at nice -10 (and
                        its session's autogroup) so other work disturbs it less; needs root,
                        and slows everybody else's work on a shared machine meanwhile
  --profile             where the time goes: PostgreSQL with pg_stat_statements (the statements
                        of P3 and P4, by total time) and the first API process's V8 CPU profile
                        (self time by package and function), added to the results
  --keep                keep the temporary folder (load results, logs) and print its path
  --help`;

/** Figures `--only` can run alone: each with just the setup it needs. */
const ONLY_CHOICES = ['p2', 'p3', 'p4', 'p5', 'p6', 'p10'];

/**
 * Reads the command line (printing --help, or a usage error and exiting 2): the raw flags
 * (`argv`), the phase sizes (`opts`), `only` (null = every figure), `runs(figure)` and
 * `allFigures`.
 */
export function parseOptions(args = process.argv.slice(2)) {
  const { values: argv } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      p1: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'p1-sockets': { type: 'string' },
      'p1-minutes': { type: 'string' },
      rates: { type: 'string' },
      'step-seconds': { type: 'string' },
      pairs: { type: 'string' },
      'thread-share': { type: 'string' },
      'p3-rate': { type: 'string' },
      conversations: { type: 'string' },
      'p3-seconds': { type: 'string' },
      messages: { type: 'string' },
      'smoke-seconds': { type: 'string' },
      'bot-rate': { type: 'string' },
      'bot-seconds': { type: 'string' },
      'bot-people': { type: 'string' },
      'bot-concurrency': { type: 'string' },
      'visitor-rate': { type: 'string' },
      'visitor-seconds': { type: 'string' },
      only: { type: 'string' },
      'no-artillery': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'wait-quiet': { type: 'string' },
      priority: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (argv.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = argv.quick;
  const int = (name, fallback) => {
    const raw = argv[name];
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) {
      console.error(`--${name} must be a positive number`);
      process.exit(2);
    }
    return v;
  };
  const threadShare = argv['thread-share'] === undefined ? 0.2 : Number(argv['thread-share']);
  if (!Number.isFinite(threadShare) || threadShare < 0 || threadShare > 1) {
    console.error('--thread-share must be a number from 0 to 1');
    process.exit(2);
  }
  const only = argv.only
    ? argv.only
        .toLowerCase()
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : null;
  if (only && (only.length === 0 || only.some((f) => !ONLY_CHOICES.includes(f)))) {
    console.error(`--only takes a comma-separated list of: ${ONLY_CHOICES.join(', ')}`);
    process.exit(2);
  }
  if (only?.includes('p4') && !only.includes('p3')) {
    console.error('--only p4 measures pages during P3: use --only p3,p4');
    process.exit(2);
  }
  if (only?.includes('p3') && !only.includes('p2') && argv['p3-rate'] === undefined) {
    console.error(
      '--only p3 without p2 needs --p3-rate (P3 otherwise runs at half the P2 capacity)',
    );
    process.exit(2);
  }
  /** Whether this run measures `figure` (every figure unless --only narrows it). */
  const runs = (figure) => !only || only.includes(figure);
  /** The Artillery smoke and P1 need the whole setup: only a full list runs them. */
  const allFigures = only === null;
  if (argv.p1 && !allFigures) console.error('--p1 is ignored with --only (P1 needs the groups)');
  const opts = {
    quick,
    rates: argv.rates
      ? argv.rates
          .split(',')
          .map(Number)
          .filter((r) => r > 0)
      : quick
        ? [100, 200, 400, 800, 1600, 3200]
        : // Finer around 1,000, where the API's knee is on two cores: a step of 400 would
          // understate it by up to a third.
          [100, 200, 400, 800, 1000, 1200, 1400, 1600, 2000, 2400, 3200, 4000, 4800, 6400, 8000],
    stepSeconds: int('step-seconds', quick ? 5 : 15),
    pairs: Math.round(int('pairs', 3)),
    threadShare,
    p3Rate: argv['p3-rate'] === undefined ? null : int('p3-rate', 50),
    conversations: Math.round(int('conversations', quick ? 20 : 50)),
    members: 10,
    p3Seconds: int('p3-seconds', quick ? 10 : 30),
    messages: Math.round(int('messages', quick ? 200_000 : 1_000_000)),
    smokeSeconds: int('smoke-seconds', quick ? 5 : 20),
    pageRate: 100,
    p1: argv.p1 && allFigures,
    profile: argv.profile,
    p1Sockets: Math.round(int('p1-sockets', 10_000)),
    p1Minutes: int('p1-minutes', 10),
    botRate: int('bot-rate', 50),
    botSeconds: int('bot-seconds', quick ? 8 : 20),
    botPeople: Math.round(int('bot-people', quick ? 100 : 200)),
    botConcurrency: Math.round(int('bot-concurrency', 32)),
    visitorRate: int('visitor-rate', 20),
    visitorSeconds: int('visitor-seconds', quick ? 8 : 20),
    artillery: !argv['no-artillery'] && allFigures,
    drainMs: quick ? 5_000 : 10_000,
    waitQuietMinutes: argv['wait-quiet'] === undefined ? 0 : int('wait-quiet', 0),
  };
  return { argv, opts, quick, only, runs, allFigures };
}
