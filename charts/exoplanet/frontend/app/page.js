// PLACEHOLDER (generated for the chart, not from the document). NEXT_PUBLIC_API_URL is the value at
// build time (README.md).
export default function Home() {
  return (
    <main>
      <h1>Exoplanet detection (placeholder)</h1>
      <p>API: {process.env.NEXT_PUBLIC_API_URL ?? 'NEXT_PUBLIC_API_URL not set at build time'}</p>
    </main>
  );
}
