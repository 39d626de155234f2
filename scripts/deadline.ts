/**
 * `npm run --silent deadline -- --from YYYY-MM-DD (--days N | --weeks N | --months N | --working-days N)`
 *
 * Prints the explanation (Dutch, or English with --lang en) and, on the last line, the due date as
 * YYYY-MM-DD only, so scripts can take it with `tail -n 1`. Invalid input: message on stderr, exit 2.
 */
import { parseArgs } from 'node:util';
import {
  CalendarInputError,
  LegalCalendar,
  TermSpec,
  TermUnit,
  assertIsoDate,
  computeDeadline,
  defaultLegalCalendar,
  isSchoolRegion,
} from '../domain/calendar';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE = `usage: npm run --silent deadline -- --from YYYY-MM-DD (--days N | --weeks N | --months N | --working-days N)
         [--no-atw] [--backward] [--region noord|midden|zuid] [--lang nl|en]

  --from           the day of the event that starts the term (counting starts the day after)
  --no-atw         do not apply the Algemene termijnenwet (allowed for the committee's own terms only)
  --backward       count the term back from --from (the Atw never applies then)
  --region         the term does not run during the school holidays of this region
  --lang           language of the explanation (default nl)
The last line of the output is the due date, YYYY-MM-DD.
`;

const TERM_FLAGS: ReadonlyArray<readonly [string, TermUnit]> = [
  ['days', 'days'],
  ['weeks', 'weeks'],
  ['months', 'months'],
  ['working-days', 'working-days'],
];

const OPTIONS = {
  from: { type: 'string' },
  days: { type: 'string' },
  weeks: { type: 'string' },
  months: { type: 'string' },
  'working-days': { type: 'string' },
  'no-atw': { type: 'boolean' },
  backward: { type: 'boolean' },
  region: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--days -3` would be rejected by parseArgs as ambiguous; join it so we can say what is wrong with -3. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const next = argv[index + 1];
    if (/^--[a-z-]+$/.test(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function failure(messages: string[]): CliOutcome {
  const lines = messages.map((message) => `deadline: ${message}`);
  return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n(run with --help for usage)\n` };
}

export function runDeadlineCli(argv: readonly string[], calendar: LegalCalendar = defaultLegalCalendar()): CliOutcome {
  let values;
  try {
    ({ values } = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return failure([(error as Error).message.split('\n')[0]]);
  }
  if (values.help) return { code: 0, stdout: USAGE, stderr: '' };

  const problems: string[] = [];
  if (values.from === undefined) {
    problems.push('--from YYYY-MM-DD is required');
  } else {
    try {
      assertIsoDate(values.from, '--from');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const given = TERM_FLAGS.filter(([flag]) => values[flag as keyof typeof values] !== undefined);
  if (given.length === 0) problems.push('give the term: one of --days, --weeks, --months or --working-days');
  if (given.length > 1) problems.push(`give exactly one term, not ${given.map(([flag]) => `--${flag}`).join(' and ')}`);
  let amount = NaN;
  for (const [flag] of given) {
    const text = String(values[flag as keyof typeof values]);
    if (/^[1-9]\d*$/.test(text)) amount = Number(text);
    else problems.push(`--${flag} must be a positive whole number, got ${JSON.stringify(text)}`);
  }
  if (values.region !== undefined && !isSchoolRegion(values.region)) {
    problems.push(`--region must be noord, midden or zuid, got ${JSON.stringify(values.region)}`);
  }
  if (values.lang !== undefined && values.lang !== 'nl' && values.lang !== 'en') {
    problems.push(`--lang must be nl or en, got ${JSON.stringify(values.lang)}`);
  }
  if (problems.length > 0) return failure(problems);

  const term: TermSpec = {
    amount,
    unit: given[0][1],
    direction: values.backward ? 'backward' : 'forward',
    applyAtw: !values['no-atw'],
    ...(isSchoolRegion(values.region) ? { pauseDuringSchoolHolidaysOf: values.region } : {}),
  };
  try {
    const result = computeDeadline({ trigger: values.from as string, term }, calendar);
    const explanation = values.lang === 'en' ? result.explanation.en : result.explanation.nl;
    return { code: 0, stdout: `${explanation}\n${result.due ?? result.earliestDue}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof CalendarInputError) {
      const flag = error.field === 'trigger' ? '--from' : error.field === 'term.pauseDuringSchoolHolidaysOf' ? '--region' : `--${given[0][0]}`;
      return failure([`${flag}: ${error.message}`]);
    }
    return { code: 1, stdout: '', stderr: `deadline: unexpected error: ${(error as Error).stack ?? String(error)}\n` };
  }
}

if (require.main === module) {
  const outcome = runDeadlineCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.code;
}
