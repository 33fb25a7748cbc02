// Command compose-go loads a Compose project with compose-go, the loader `docker compose` uses, the
// way `docker compose config` does, and prints the resolved model as JSON: the reference the
// loader comparison (test/reference/compose-go.test.ts) holds `cdk8s-compose config` to.
//
// Usage: compose-go [-f FILE]... [--env-file FILE]... [--profile NAME]... [-p NAME] [--project-directory DIR]
//
// The options are the ones docker compose's config command passes (cmd/compose/config.go and
// cmd/compose/compose.go, pkg/compose/loader.go of docker/compose): interpolation, path resolution,
// normalization and the consistency check on, env_file resolved into environment and dropped; the
// OS environment first, then the .env files, COMPOSE_FILE, default file discovery, the .env files
// of the project directory, COMPOSE_PROFILES and the project name. After loading, unused networks,
// volumes, secrets and configs are dropped and container names checked, as docker compose does.
//
// The model is marshalled with compose-go's YAML marshalling — what `docker compose config` prints,
// which keeps service-level x-* extensions that Project.MarshalJSON drops — and converted to JSON.
// Like compose-go, it never prints a secret's content. `$` is not escaped to `$$` (docker compose
// does that to its text output only): the comparison is between models, not texts.
//
// On any error it prints the error on stderr and exits 1.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
	"go.yaml.in/yaml/v4"
)

type list []string

func (l *list) String() string     { return fmt.Sprint(*l) }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var files, envFiles, profiles list
	var name, projectDirectory string
	flag.Var(&files, "f", "compose file (repeatable)")
	flag.Var(&files, "file", "compose file (repeatable)")
	flag.Var(&envFiles, "env-file", ".env file (repeatable)")
	flag.Var(&profiles, "profile", "profile to enable (repeatable)")
	flag.StringVar(&name, "p", "", "project name")
	flag.StringVar(&name, "project-name", "", "project name")
	flag.StringVar(&projectDirectory, "project-directory", "", "project directory")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments: %v", flag.Args()))
	}
	out, err := load(files, envFiles, profiles, name, projectDirectory)
	if err != nil {
		fail(err)
	}
	if _, err := os.Stdout.Write(append(out, '\n')); err != nil {
		fail(err)
	}
}

func load(files, envFiles, profiles []string, name, projectDirectory string) ([]byte, error) {
	// docker compose makes --env-file paths absolute against the working directory before loading.
	for i, file := range envFiles {
		absolute, err := filepath.Abs(file)
		if err != nil {
			return nil, err
		}
		envFiles[i] = absolute
	}
	fns := []cli.ProjectOptionsFn{
		// the config command's own options
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithDefaultProfiles(profiles...),
		cli.WithDiscardEnvFile,
		// the options every docker compose command loads a project with
		cli.WithWorkingDirectory(projectDirectory),
		cli.WithOsEnv,
	}
	if _, present := os.LookupEnv("PWD"); !present {
		pwd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		fns = append(fns, cli.WithEnv([]string{"PWD=" + pwd}))
	}
	fns = append(fns,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithConfigFileEnv,
		cli.WithDefaultConfigPath,
		// a project directory found only now (from the files) has its own .env
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithDefaultProfiles(profiles...),
		cli.WithName(name),
	)
	options, err := cli.NewProjectOptions(files, fns...)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	project, err := options.LoadProject(ctx)
	if err != nil {
		return nil, err
	}
	if project.Name == "" {
		return nil, fmt.Errorf("project name can't be empty")
	}
	// docker compose's post-processing (pkg/compose/loader.go) and config command (cmd/compose/config.go)
	if project, err = project.WithServicesEnabled(); err != nil {
		return nil, err
	}
	if project, err = project.WithSelectedServices(nil); err != nil {
		return nil, err
	}
	project = project.WithoutUnnecessaryResources()
	if project, err = project.WithServicesEnvironmentResolved(true); err != nil {
		return nil, err
	}
	if err := project.CheckContainerNameUnicity(); err != nil {
		return nil, err
	}
	text, err := project.MarshalYAML()
	if err != nil {
		return nil, err
	}
	var model any
	if err := yaml.Unmarshal(text, &model); err != nil {
		return nil, err
	}
	return json.MarshalIndent(model, "", "  ")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
