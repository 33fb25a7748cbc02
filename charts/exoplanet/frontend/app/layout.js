// PLACEHOLDER (generated for the chart, not from the document): replace frontend/ with the project's.
export const metadata = { title: 'Exoplanet detection (placeholder)' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
