// What the client scripts share: where the fake is, how a script moves the fake's clock,
// bounded job polling, error views, and the one JSON answer a script prints on stdout.
//
// The Python tests (tests/clients) start `amplify-fakes serve --clock virtual` and run a
// script with the environment a developer would set to point the Amplify CLI at it:
// AMPLIFY_BACKEND_ENDPOINT / AMPLIFY_BACKEND_REGION (read by the CLI's own clients),
// AWS_ENDPOINT_URL_AMPLIFYBACKEND (read by SDK v3 clients built with just `{ region }`),
// fake AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. A script reads its input as JSON on
// stdin. Only the harness touches the fake's control API (/_fake): the client code under
// test never does.

import { readFileSync } from 'node:fs';

export const endpoint = required('AMPLIFY_BACKEND_ENDPOINT');
export const region = required('AMPLIFY_BACKEND_REGION');

// Whole-script deadline: a script that hangs ends itself (the test also has a timeout).
const SCRIPT_SECONDS = 20;
// One control request may take this long.
const CONTROL_MS = 5000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** The script's input: the JSON document on stdin. */
export function input() {
  const text = readFileSync(0, 'utf8');
  return text.trim() ? JSON.parse(text) : {};
}

/** A request to the fake's control API; its JSON answer. */
export async function control(method, path, body) {
  const response = await fetch(`${endpoint}/_fake${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CONTROL_MS),
  });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(`${method} /_fake${path}: ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

/** Let `seconds` pass on the fake's virtual clock (what a real poller's sleep would do). */
export async function advance(seconds) {
  return control('POST', '/clock/advance', { seconds });
}

/**
 * Poll `getJob` as the Amplify CLI does: until `done(job)` or `failed(job)`, sleeping
 * `intervalSeconds` between tries. The sleep moves the fake's virtual clock instead of
 * waiting, so the number of polls is what the real client would make in real time.
 * Bounded by `tries` and by a wall-clock deadline. Answers `{ outcome, job, polls }` with
 * outcome COMPLETED (done), FAILED (failed) or TIMEOUT.
 */
export async function pollJob(getJob, { done, failed, intervalSeconds, tries = 20 }) {
  const deadline = Date.now() + 10_000;
  let job;
  for (let polls = 1; polls <= tries && Date.now() < deadline; polls += 1) {
    job = plain(await getJob());
    if (done(job)) {
      return { outcome: 'COMPLETED', job, polls };
    }
    if (failed(job)) {
      return { outcome: 'FAILED', job, polls };
    }
    await advance(intervalSeconds);
  }
  return { outcome: 'TIMEOUT', job, polls: tries };
}

/** A response without the SDK's own `$metadata` (v3) or `$response` (v2). */
export function plain(output) {
  if (output === null || typeof output !== 'object') {
    return output;
  }
  const { $metadata, $response, ...rest } = output;
  return rest;
}

/** What a caller can read from an SDK error, v3 (`name`, `$metadata`) or v2 (`code`). */
export function errorView(error) {
  return {
    name: error.name,
    message: error.message,
    status: error.$metadata?.httpStatusCode ?? error.statusCode,
    fault: error.$fault,
    code: error.code,
    retryable: error.retryable,
    // the error shape's modelled members (v3 deserializes them capitalized: ResourceType)
    members: Object.fromEntries(Object.entries(error).filter(([key]) => /^[A-Z]/.test(key))),
  };
}

/** Run `body`, print its answer as one JSON document; on an exception, exit 1 with its stack. */
export async function main(body) {
  const timer = setTimeout(() => {
    process.stderr.write(`script timed out after ${SCRIPT_SECONDS}s\n`);
    process.exit(2);
  }, SCRIPT_SECONDS * 1000);
  timer.unref();
  try {
    const answer = await body(input());
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  } catch (error) {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
  }
}
