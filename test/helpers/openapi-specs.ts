/** x-amples specs shared by the tests of init --from-openapi and import openapi. */

/** A Wikimedia-style Swagger 2.0 spec: x-amples in service-checker's form, parameters behind $ref. */
export const SWAGGER_2 = `swagger: "2.0"
info: { title: Page Content Service }
host: en.wikipedia.org
basePath: /api/rest_v1
schemes: [https]
parameters:
  title: { name: title, in: path, required: true, type: string }
  redirect: { name: redirect, in: query, type: boolean }
paths:
  /page/summary/{title}:
    get:
      operationId: getSummary
      parameters: [{ $ref: "#/parameters/title" }, { $ref: "#/parameters/redirect" }]
      x-amples:
        - title: Get summary for Earth
          request:
            params: { title: Earth, redirect: false }
            headers: { accept: application/json }
          response:
            status: 200
            headers: { content-type: "/^application\\\\/json/" }
            body:
              title: Earth
              extract: /planet/
              titles: { canonical: Earth }
  /page/random/summary:
    get:
      operationId: randomSummary
      x-monitor: false
      x-amples:
        - title: random
          response: { status: 303 }
  /transform/html/to/wikitext:
    post:
      operationId: htmlToWikitext
      x-amples:
        - title: convert
          request: { body: { html: "<p>x</p>" } }
          response: { status: 200 }
  /feed/availability:
    get: { operationId: feedAvailability }
`;

export const OPENAPI_3 = {
  openapi: '3.0.3',
  info: { title: 'Search' },
  servers: [{ url: 'https://en.wikipedia.org/w/rest.php' }],
  components: {
    parameters: { q: { name: 'q', in: 'query', required: true, schema: { type: 'string' } }, limit: { name: 'limit', in: 'query', schema: { type: 'integer' } } },
  },
  paths: {
    '/v1/search/page': {
      get: {
        operationId: 'searchPages',
        parameters: [{ $ref: '#/components/parameters/q' }, { $ref: '#/components/parameters/limit' }],
        'x-amples': [
          { title: 'earth', request: { params: { q: 'earth', limit: 1 } }, response: { status: 200, body: { pages: [{ key: 'Earth', id: '/^\\d+$/' }] } } },
          { title: 'nothing', request: { params: { q: 'zzzqqqxxx' } }, response: { status: 200, body: { pages: [] } } },
        ],
      },
    },
    '/v1/page/{title}/bare': { parameters: [{ name: 'title', in: 'path', required: true }], 'x-monitor': false, get: { 'x-amples': [{ request: { params: { title: 'Earth' } } }] } },
  },
};
