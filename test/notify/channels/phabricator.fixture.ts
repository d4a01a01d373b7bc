import type { ConformanceFixture } from './conformance-fixture.js';
import { conduitRequest, conduitResult } from './conduit.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: phabricator, url: "${url('')}", token: "\${PHAB_TOKEN}", projects: ["#mediawiki-rest-api"] }`,
  env: { PHAB_TOKEN: 'api-s3cretconduittoken0123456789' },
  secrets: ['api-s3cretconduittoken0123456789'],
  // The receiver gives every request one answer: a result that reads as maniphest.edit's (the task), user.whoami's
  // (the user) and an empty page of maniphest.search.
  answer: conduitResult({ object: { id: 101, phid: 'PHID-TASK-conformance' }, transactions: [], phid: 'PHID-USER-conformance', data: [], cursor: { after: null } }),
  body: (request) => {
    const { method, params } = conduitRequest(request);
    const { __conduit__: _token, ...rest } = params;
    return { method, params: rest };
  },
  requests: (payload) => payload as unknown[],
};
