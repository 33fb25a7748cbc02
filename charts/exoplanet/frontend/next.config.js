// PLACEHOLDER (generated for the chart, not from the document): `output: 'standalone'` writes the
// .next/standalone server (server.js) that the Dockerfile's runner stage copies and runs.
module.exports = { output: 'standalone' };
