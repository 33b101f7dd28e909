// `amplify-e2e-core` enableAdminUI for each app id of the input `{ "apps": [...] }`: what the
// CLI read (CreateBackendConfig's answer, the last GetBackendJob, the poll count), or the
// SDK error it got.

import { errorView, main } from './harness.mjs';
import { enableAdminUI } from './studio.mjs';

main(async ({ apps }) => {
  const answers = {};
  for (const appId of apps) {
    try {
      answers[appId] = await enableAdminUI(appId);
    } catch (error) {
      answers[appId] = { error: errorView(error) };
    }
  }
  return answers;
});
