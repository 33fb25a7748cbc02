// PLACEHOLDER (generated for the chart, not from the document): shows the team the image was built
// for (the Dockerfile's TEAM_ID and TEAM_COLOR build arguments). Replace with the team dashboard,
// which subscribes to its team's feed over MQTT_WS_URL.
const title = document.createElement('h1');
title.textContent = `SCIP team dashboard (placeholder): team ${import.meta.env.VITE_TEAM_ID ?? '(none)'}`;
title.style.color = import.meta.env.VITE_TEAM_COLOR ?? 'inherit';
document.querySelector('#app').append(title);
