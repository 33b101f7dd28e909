// Deployed ids as a JavaScript script reads them from GetBackend. Input: { appId, env,
// resources } (resources as studio.mjs addResources takes them). Enable Studio, add the
// resources, then GetBackend with `new AmplifyBackendClient({ region })`, JSON.parse its
// AmplifyMetaConfig and read the outputs the way front-end config scripts do:
// `Object.values(meta.api)[0].output.GraphQLAPIEndpointOutput` and the like.

import { AmplifyBackendClient, GetBackendCommand } from '@aws-sdk/client-amplifybackend';

import { main, region } from './harness.mjs';
import { addResources, enableAdminUI } from './studio.mjs';

main(async ({ appId, env, resources }) => {
  await enableAdminUI(appId);
  await addResources(appId, env, resources);
  const client = new AmplifyBackendClient({ region });
  const backend = await client.send(new GetBackendCommand({ AppId: appId, BackendEnvironmentName: env }));
  const meta = JSON.parse(backend.AmplifyMetaConfig);
  const api = Object.values(meta.api)[0].output;
  const auth = Object.values(meta.auth)[0].output;
  const storage = Object.values(meta.storage)[0].output;
  const provider = meta.providers.awscloudformation;
  return {
    environments: backend.BackendEnvironmentList,
    featureFlags: JSON.parse(backend.AmplifyFeatureFlags),
    reads: {
      graphqlEndpoint: api.GraphQLAPIEndpointOutput,
      graphqlApiId: api.GraphQLAPIIdOutput,
      graphqlApiKey: api.GraphQLAPIKeyOutput,
      userPoolId: auth.UserPoolId,
      userPoolArn: auth.UserPoolArn,
      appClientId: auth.AppClientID,
      appClientIdWeb: auth.AppClientIDWeb,
      identityPoolId: auth.IdentityPoolId,
      bucket: storage.BucketName,
      bucketRegion: storage.Region,
      region: provider.Region,
      stackName: provider.StackName,
      deploymentBucket: provider.DeploymentBucketName,
    },
  };
});
