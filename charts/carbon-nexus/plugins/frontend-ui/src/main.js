// PLACEHOLDER (generated for the chart, not from the document): replace with the Carbon Nexus UI,
// which calls the orchestration engine's HTTP API and WebSockets on 8003.
const title = document.createElement('h1');
title.textContent = 'Carbon Nexus UI (placeholder)';
document.querySelector('#app').append(title);
