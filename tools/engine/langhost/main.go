// Command pulumi-language-nodejs is this project's own Node.js language host for the Pulumi engine.
//
// Pulumi's language host lives in a Go module with no release tags, and the module proxy this
// project can reach does not serve it at any commit, so we implement the small part of the
// LanguageRuntime protocol that `pulumi up/preview/refresh/destroy` needs: start the program with
// @pulumi/pulumi's own `cmd/run` entry point, passing the engine's settings the way that entry
// point reads them (flags and PULUMI_CONFIG* variables). Everything else (plugin installation,
// code generation, templates) is left unimplemented: this project never asks the engine for it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"google.golang.org/grpc"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The exit code @pulumi/pulumi's runner uses once it has already reported a user-facing error.
const exitAfterReportedError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		h.engineAddress = req.EngineAddress
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// Plugins are resolved from PATH (the dynamic-provider shim sits beside the CLI), so the program
// declares none in advance.
func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// Dependencies are installed by the project's own bootstrap (npm ci), never by the engine.
func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetPwd()
	entry := "."
	if info := req.GetInfo(); info != nil {
		if info.ProgramDirectory != "" {
			programDir = info.ProgramDirectory
		}
		if info.EntryPoint != "" {
			entry = info.EntryPoint
		}
	}
	runner, err := findRunner(programDir)
	if err != nil {
		return nil, err
	}

	args := []string{runner,
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + h.engineAddress,
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--organization=" + req.GetOrganization(),
		"--pwd=" + programDir,
		"--parallel=" + strconv.Itoa(int(req.GetParallel())),
	}
	if info := req.GetInfo(); info != nil && info.RootDirectory != "" {
		args = append(args, "--root-directory="+info.RootDirectory)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	env, err := programEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterReportedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Node.js program exited with code %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not start node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// programEnv passes config the way @pulumi/pulumi reads it, and the runtime options of
// Pulumi.yaml (`runtime.options.typescript`, defaulting to true as Pulumi's own host does).
func programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	typescript := "true"
	if info := req.GetInfo(); info != nil && info.Options != nil {
		if v, ok := info.Options.AsMap()["typescript"].(bool); ok && !v {
			typescript = "false"
		}
	}
	return append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
		"PULUMI_NODEJS_TYPESCRIPT="+typescript,
	), nil
}

// findRunner walks up from the program directory to the @pulumi/pulumi the program itself uses,
// as Node's module resolution would.
func findRunner(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("@pulumi/pulumi is not installed for the program in %s: run `npm install` there", dir)
		}
	}
}

func main() {
	h := &host{}
	// The engine passes its own address as the last argument.
	if len(os.Args) > 1 {
		h.engineAddress = os.Args[len(os.Args)-1]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: %v\n", err)
		os.Exit(1)
	}
}
