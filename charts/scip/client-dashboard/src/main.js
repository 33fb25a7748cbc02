// PLACEHOLDER (generated for the chart, not from the document): shows the settings docker-compose.yml
// gives the dashboard, so a deployment can be checked before the real application replaces this.
const settings = {
  VITE_API_URL: import.meta.env.VITE_API_URL,
  VITE_MQTT_WS_URL: import.meta.env.VITE_MQTT_WS_URL,
  VITE_APP_ENV: import.meta.env.VITE_APP_ENV,
};
const main = document.querySelector('#app');
const title = document.createElement('h1');
title.textContent = 'SCIP client dashboard (placeholder)';
const list = document.createElement('pre');
list.textContent = JSON.stringify(settings, null, 2);
main.append(title, list);
