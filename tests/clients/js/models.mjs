// Cloud modelgen, then Amplify Studio reading the models, as the Amplify CLI does it.
//
// Input: { appId, env, api: { name, config }, failModelgen }. The app is seeded (as
// `amplify init` leaves it); the script enables Studio and adds the API with the v3 client
// (studio.mjs), then:
//
// 1. amplify-provider-awscloudformation's adminModelgen (admin-modelgen.ts, the aws-sdk v2
//    version): `generateBackendAPIModels(...).promise()`, then its pollUntilDone (every 2 s
//    until COMPLETED or FAILED), then the spinner's message. `failModelgen` first asks the
//    fake to fail that job with no Error (POST /_fake/faults/job-failure).
// 2. amplify-util-uibuilder's published AmplifyStudioClient.getModels (the real code,
//    from node_modules), with the endpoint and region from AMPLIFY_BACKEND_ENDPOINT and
//    AMPLIFY_BACKEND_REGION as the CLI reads them.
// 3. uibuilder's getAmplifyDataSchema before it switched to local model introspection:
//    strip `export const schema = ` and every `;` from Models, JSON.parse, and hand the
//    object to codegen-ui's getGenericFromDataStore (the published one).

import { createRequire } from 'node:module';
import Module from 'node:module';

import AWS from 'aws-sdk';

import { control, endpoint, main, plain, pollJob, region } from './harness.mjs';
import { addResources, enableAdminUI, getAmplifyBackendJobStatus } from './studio.mjs';

const require = createRequire(import.meta.url);

// The parts of the Amplify CLI that lib/clients/amplify-studio-client.js requires at load
// time but never calls from its constructor or getModels (package.json overrides them so
// npm does not install them).
const CLI_STUBS = {
  '@aws-amplify/amplify-cli-core': {},
  '@aws-amplify/amplify-prompts': { printer: { debug() {}, info() {}, warn() {} } },
  '@aws-amplify/amplify-category-api': {},
};

function loadAmplifyStudioClient() {
  const load = Module._load;
  Module._load = function loadWithStubs(request, ...rest) {
    return Object.hasOwn(CLI_STUBS, request) ? CLI_STUBS[request] : load.call(this, request, ...rest);
  };
  try {
    return require('@aws-amplify/amplify-util-uibuilder/lib/clients').AmplifyStudioClient;
  } finally {
    Module._load = load;
  }
}

/** aws-amplify-backend.ts AmplifyBackend.getInstance: the v2 client, endpoint from the env. */
function cliAmplifyBackend() {
  return new AWS.AmplifyBackend({ endpoint, region });
}

/** admin-modelgen.ts adminModelgen, from the request to the message the CLI prints. */
async function adminModelgen(appId, envName, resourceName) {
  const amplifyBackend = cliAmplifyBackend();
  const jobStartDetails = plain(
    await amplifyBackend
      .generateBackendAPIModels({ AppId: appId, BackendEnvironmentName: envName, ResourceName: resourceName })
      .promise(),
  );
  const poll = await pollJob(
    () => amplifyBackend.getBackendJob({ JobId: jobStartDetails.JobId, AppId: appId, BackendEnvironmentName: envName }).promise(),
    {
      done: (job) => job.Status === 'COMPLETED',
      failed: (job) => job.Status === 'FAILED',
      intervalSeconds: 2,
    },
  );
  const failure = {
    FAILED: 'Modelgen job creation failed',
    TIMEOUT: `Job Timed out for ${jobStartDetails.JobId}`,
  }[poll.outcome];
  const printed = failure
    ? `Failed to create models in the cloud: ${failure}`
    : 'Successfully generated models in the cloud.';
  return { jobStartDetails, ...poll, printed };
}

/** getAmplifyDataSchema's reading of GetBackendAPIModels' Models (before ede85e1322). */
function studioSchema(model) {
  const source = model.replace(model.substring(0, model.indexOf('{') - 1), '').replace(/;/g, '');
  return JSON.parse(source);
}

function summary(dataStoreSchema) {
  const models = {};
  for (const [name, model] of Object.entries(dataStoreSchema.models)) {
    models[name] = {
      name: model.name,
      pluralName: model.pluralName,
      syncable: model.syncable,
      attributes: model.attributes,
      fields: Object.fromEntries(
        Object.entries(model.fields).map(([fieldName, field]) => [
          fieldName,
          { type: field.type, isRequired: field.isRequired, isArray: field.isArray, association: field.association },
        ]),
      ),
    };
  }
  return { models, enums: dataStoreSchema.enums, version: dataStoreSchema.version };
}

main(async ({ appId, env, api, failModelgen }) => {
  const studio = await enableAdminUI(appId);
  await addResources(appId, env, { api });
  if (failModelgen) {
    await control('POST', '/faults/job-failure', { operation: 'GenerateBackendAPIModels', error: null });
  }
  const modelgen = await adminModelgen(appId, env, api.name);
  if (modelgen.outcome !== 'COMPLETED') {
    // The same job as the v3 client reads it (a JSON answer leaves out undefined members).
    const v3Job = plain(await getAmplifyBackendJobStatus(modelgen.jobStartDetails.JobId, appId, env));
    return { studio, modelgen, v3Job };
  }
  const { getGenericFromDataStore } = require('@aws-amplify/codegen-ui');
  const AmplifyStudioClient = loadAmplifyStudioClient();
  const studioClient = new AmplifyStudioClient({ region }, appId, env);
  const models = await studioClient.getModels(api.name);
  const dataStoreSchema = studioSchema(models);
  return {
    studio,
    modelgen,
    modelsHead: models.slice(0, 40),
    schema: summary(dataStoreSchema),
    generic: getGenericFromDataStore(dataStoreSchema),
  };
});
