/**
 * Where charts/ departs from a document's own text to keep its intent working (issue 16): each
 * departure is the documented text and what the chart ships instead, explained in
 * charts/<system>/README.md. The transcription tests compare the charts with the documents after
 * these replacements, so any other difference still fails, and so does a departure whose documented
 * text the document no longer has.
 */
import { seedText } from './seeds.ts';

interface Departure {
  readonly seed: string;
  readonly documented: string;
  readonly charted: string;
}

const MODAX_HEALTH_LISTENER = `
# Health check only: the documented HEALTHCHECK subscribes to $SYS without credentials, which the
# authenticated listener refuses. Bound to the loopback interface: only the broker's own pod or
# container reaches it.
listener 1880 127.0.0.1
protocol mqtt
allow_anonymous true`;

export const DEPARTURES: readonly Departure[] = [
  // MQTT health checks: an anonymous $SYS subscription against `allow_anonymous false` never passes.
  {
    seed: '000',
    documented: 'test: ["CMD", "mosquitto_sub", "-t", "$$SYS/#",',
    charted: 'test: ["CMD", "mosquitto_sub", "-h", "127.0.0.1", "-p", "1880", "-t", "$$SYS/#",',
  },
  {
    seed: '000',
    documented: "# Health check\nHEALTHCHECK --interval=30s --timeout=5s --retries=3 \\\n    CMD mosquitto_sub -t '$SYS/#'",
    charted:
      '# Health check, on the loopback health listener of mosquitto.conf (departure, see ../README.md)\n' +
      "HEALTHCHECK --interval=30s --timeout=5s --retries=3 \\\n    CMD mosquitto_sub -h 127.0.0.1 -p 1880 -t '$SYS/#'",
  },
  {
    seed: '000',
    documented: '# mosquitto/mosquitto.conf\nlistener 1883',
    charted:
      '# mosquitto/mosquitto.conf\n' +
      '# Each listener has its own authentication settings, so the health-check listener below can be\n' +
      '# anonymous while 1883 keeps requiring the password file and the ACL (departure, see ../README.md).\n' +
      'per_listener_settings true\n\nlistener 1883',
  },
  { seed: '000', documented: 'max_queued_messages 1000', charted: `max_queued_messages 1000\n${MODAX_HEALTH_LISTENER}` },
  {
    seed: '001',
    documented: "timeout 5 mosquitto_sub -h localhost -t '$$SYS/#'",
    charted: "timeout 5 mosquitto_sub -h 127.0.0.1 -p 1880 -t '$$SYS/#'",
  },
];

/** The document as charts/ ships it: its text with the departures above applied. */
export function chartedSeedText(number: string): string {
  let text = seedText(number);
  for (const { seed, documented, charted } of DEPARTURES) {
    if (seed !== number) continue;
    const count = text.split(documented).length - 1;
    if (count !== 1) throw new Error(`departure: document ${seed} has '${documented}' ${count} times, not once`);
    text = text.replace(documented, () => charted);
  }
  return text;
}
