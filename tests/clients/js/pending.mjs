// The one-pending-job rule as JavaScript clients meet it. Input: { appId, env, api, auth }.
// Start CreateBackendAPI (v3), then, while it is pending, ask for a second job with the v3
// client (CreateBackendAuth) and with the v2 client the CLI uses (GenerateBackendAPIModels):
// answer the errors as the clients expose them. Then wait for the first job as a poller
// would and start the second again.

import AWS from 'aws-sdk';
import {
  AmplifyBackendClient,
  CreateBackendAPICommand,
  CreateBackendAuthCommand,
} from '@aws-sdk/client-amplifybackend';

import { endpoint, errorView, main, plain, pollJob, region } from './harness.mjs';
import { getAmplifyBackendJobStatus } from './studio.mjs';

async function refusal(request) {
  try {
    return { answered: plain(await request()) };
  } catch (error) {
    return { error: errorView(error) };
  }
}

main(async ({ appId, env, api, auth }) => {
  const client = new AmplifyBackendClient({ region });
  const names = { AppId: appId, BackendEnvironmentName: env };
  const createAuth = new CreateBackendAuthCommand({ ...names, ResourceName: auth.name, ResourceConfig: auth.config });
  const first = plain(
    await client.send(new CreateBackendAPICommand({ ...names, ResourceName: api.name, ResourceConfig: api.config })),
  );
  const v3 = await refusal(() => client.send(createAuth));
  const v2 = await refusal(() =>
    new AWS.AmplifyBackend({ endpoint, region })
      .generateBackendAPIModels({ ...names, ResourceName: api.name })
      .promise(),
  );
  const waited = await pollJob(() => getAmplifyBackendJobStatus(first.JobId, appId, env), {
    done: (job) => job.Status === 'COMPLETED',
    failed: (job) => job.Status === 'FAILED',
    intervalSeconds: 2,
  });
  const retried = await refusal(() => client.send(createAuth));
  return { first, v3, v2, waited, retried };
});
