/** `convert --diagram FILE|-`: the Mermaid picture of the converted stack, beside or instead of the manifests. */
import { StackGraphBuilder } from '../diagram/graph.ts';
import { mermaidDiagram } from '../diagram/mermaid.ts';
import type { KubernetesManifest } from '../k8s/plan/plan.ts';
import type { CliIO } from './io.ts';
import { outputTarget, writeOutput } from './output-target.ts';

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
    const target = outputTarget('--diagram', this.target, io.cwd);
    const markdown = target.kind === 'file' && /\.md$/i.test(target.path);
    io.stderr(`wrote ${writeOutput(target, markdown ? `# ${project}\n\n\`\`\`mermaid\n${diagram}\`\`\`\n` : diagram, io)}\n`);
  }
}
