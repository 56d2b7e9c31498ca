// Lighthouse's command line over many URLs in one Node process: for each job, the arguments are
// parsed by Lighthouse's own CLI parser, Chromium is launched and killed as the CLI does
// (chrome-launcher, CHROME_PATH, --chrome-flags), and the report is written by the CLI's own
// saveResults. What one process saves is Node's start and Lighthouse's loading (about 2 s a
// URL), and the 5-second timer that Lighthouse 12.2.3's image gatherer leaves behind
// (core/gather/gatherers/image-elements.js), which keeps `lighthouse` idle ~4 s after each report.
//
//   node scripts/lighthouse_batch.mjs JOBS.json [lighthouse flags...]
//
// JOBS.json: [{"url": ..., "output": report path, "args": [flags for this URL only]}, ...].
// Prints one JSON line per job: {"index", "status": "ok" | Lighthouse's error code, "ms"}.
import fs from 'node:fs';

import * as ChromeLauncher from '../.audit/node_modules/chrome-launcher/dist/index.js';
import {getFlags} from '../.audit/node_modules/lighthouse/cli/cli-flags.js';
import {parseChromeFlags, saveResults} from '../.audit/node_modules/lighthouse/cli/run.js';
import lighthouse from '../.audit/node_modules/lighthouse/core/index.js';

const [jobsPath, ...common] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsPath, 'utf-8'));

for (const [index, job] of jobs.entries()) {
  const started = Date.now();
  let status = 'ok';
  let chrome;
  try {
    const flags = getFlags(
      [job.url, ...common, ...(job.args || []), `--output-path=${job.output}`],
      {noExitOnFailure: true}
    );
    flags.logLevel = flags.verbose ? 'verbose' : flags.quiet ? 'silent' : 'info';
    chrome = await ChromeLauncher.launch({
      port: flags.port,
      ignoreDefaultFlags: flags.chromeIgnoreDefaultFlags,
      chromeFlags: parseChromeFlags(flags.chromeFlags),
      logLevel: flags.logLevel,
    });
    flags.port = chrome.port;
    flags.channel = 'cli';
    const result = await lighthouse(job.url, flags);
    if (result) {
      await saveResults(result, flags);
      status = result.lhr.runtimeError?.code || 'ok';
    } else {
      status = 'NO_RESULT';
    }
  } catch (error) {
    status = `${error.code || 'ERROR'}: ${error.message}`;
  } finally {
    chrome?.kill();
  }
  process.stdout.write(JSON.stringify({index, status, ms: Date.now() - started}) + '\n');
}
process.exit(0);
