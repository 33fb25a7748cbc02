// PLACEHOLDER (generated for the chart, not from the document): the dev server on port 3000, the port
// docker-compose.yml publishes, on every interface so the container's port reaches it.
import { defineConfig } from 'vite';

export default defineConfig({
  server: { host: '0.0.0.0', port: 3000, strictPort: true },
});
