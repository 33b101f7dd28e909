// The calls of the Amplify CLI's e2e helpers (amplify-e2e-core: init/adminUI.ts and
// utils/sdk-calls.ts) and of Amplify Studio's backend set-up, with the v3 SDK client built
// as they build it: `new AmplifyBackendClient({ region })`, endpoint and credentials from
// the environment.

import {
  AmplifyBackendClient,
  CreateBackendAPICommand,
  CreateBackendAuthCommand,
  CreateBackendConfigCommand,
  CreateBackendStorageCommand,
  GetBackendJobCommand,
} from '@aws-sdk/client-amplifybackend';

import { plain, pollJob, region } from './harness.mjs';

// How often a poller here asks (the fake's virtual clock moves this much between polls).
const POLL_SECONDS = 2;

/** sdk-calls.ts setupAmplifyAdminUI: CreateBackendConfig with nothing but the app id. */
export async function setupAmplifyAdminUI(appId) {
  const client = new AmplifyBackendClient({ region });
  return plain(await client.send(new CreateBackendConfigCommand({ AppId: appId })));
}

/** sdk-calls.ts getAmplifyBackendJobStatus. */
export async function getAmplifyBackendJobStatus(jobId, appId, envName) {
  const client = new AmplifyBackendClient({ region });
  return client.send(
    new GetBackendJobCommand({ JobId: jobId, AppId: appId, BackendEnvironmentName: envName }),
  );
}

/**
 * adminUI.ts enableAdminUI: start the config job, then poll the job under the environment
 * name CreateBackendConfig answered until COMPLETED (FAILED or the timeout is the CLI's
 * "Setting up Amplify Studio failed"). Answers what the CLI read at each step.
 */
export async function enableAdminUI(appId) {
  const started = await setupAmplifyAdminUI(appId);
  const { JobId, BackendEnvironmentName } = started;
  const poll = await pollJob(() => getAmplifyBackendJobStatus(JobId, appId, BackendEnvironmentName), {
    done: (job) => job.Status === 'COMPLETED',
    failed: (job) => job.Status === 'FAILED',
    intervalSeconds: POLL_SECONDS,
  });
  return { started, ...poll };
}

const CREATE = {
  api: CreateBackendAPICommand,
  auth: CreateBackendAuthCommand,
  storage: CreateBackendStorageCommand,
};

/**
 * Add resources to an app environment as Studio does, one job at a time (AWS refuses a
 * job while another of the environment is pending): `resources` maps api/auth/storage to
 * `{ name, config }`. Answers each job's poll result by kind; throws if one does not
 * complete, since the scripts that call this judge what comes after.
 */
export async function addResources(appId, env, resources) {
  const client = new AmplifyBackendClient({ region });
  const jobs = {};
  for (const [kind, { name, config }] of Object.entries(resources)) {
    const Command = CREATE[kind];
    const started = plain(
      await client.send(
        new Command({
          AppId: appId,
          BackendEnvironmentName: env,
          ResourceName: name,
          ResourceConfig: config,
        }),
      ),
    );
    const poll = await pollJob(() => getAmplifyBackendJobStatus(started.JobId, appId, env), {
      done: (job) => job.Status === 'COMPLETED',
      failed: (job) => job.Status === 'FAILED',
      intervalSeconds: POLL_SECONDS,
    });
    if (poll.outcome !== 'COMPLETED') {
      throw new Error(`${kind} ${name}: job ${started.JobId} ended ${JSON.stringify(poll)}`);
    }
    jobs[kind] = { started, ...poll };
  }
  return jobs;
}
