// The command line's entry point in the published package: bin/cdk8s-compose runs it when the
// repository's precompiled bundle and start-up snapshot (tools/) are not there.
import { main } from './main.ts';

void main();
