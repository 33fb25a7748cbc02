/** `convert --diagram FILE|-`: the Mermaid picture of the converted stack, beside or instead of the manifests. */
import { resolve } from 'node:path';
import { StackGraphBuilder } from '../diagram/graph.ts';
import { mermaidDiagram } from '../diagram/mermaid.ts';
import type { KubernetesManifest } from '../k8s/plan/plan.ts';
import { writeFileAtomic } from '../k8s/output/synth.ts';
import type { CliIO } from './io.ts';

export class DiagramOutput {
  private readonly builder = new StackGraphBuilder();

  /** `target` is a file (`.md`: a Markdown file with a mermaid block), or `-` for standard output. */
  constructor(private readonly target: string) {}

  /** True when the diagram takes standard output, where the manifests would go without -o. */
  get toStdout(): boolean {
    return this.target === '-';
  }

  /** `keep` of the translation, seeing each planned object on its way. */
  keeping<Kept>(keep: (manifest: KubernetesManifest) => Kept): (manifest: KubernetesManifest) => Kept {
    return (manifest) => {
      this.builder.add(manifest);
      return keep(manifest);
    };
  }

  write(project: string, io: CliIO): void {
    const diagram = mermaidDiagram(this.builder.graph(), `project ${project}, drawn by cdk8s-compose convert --diagram`);
    if (this.toStdout) {
      io.stdout(diagram);
      return;
    }
    const file = resolve(io.cwd, this.target);
    writeFileAtomic(file, /\.md$/i.test(file) ? `# ${project}\n\n\`\`\`mermaid\n${diagram}\`\`\`\n` : diagram);
    io.stderr(`wrote ${file}\n`);
  }
}
