// The deployment written on paper (no Docker engine or cluster here): the z2jh values, the
// single-user Dockerfile and binder/ parse, and what they name exists — the files the
// Dockerfile copies, the folder the values copy lessons from, the pinned jupyterhub, Node 20.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../cli/course/paths.js";

const root = packageRoot();
const read = (path: string): string => readFileSync(join(root, path), "utf8");
/** YAML → JSON with Debian's python3-yaml (the project has no YAML parser of its own). */
const yaml = (path: string): Record<string, any> =>
  JSON.parse(execFileSync("/usr/bin/python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", join(root, path)], { encoding: "utf8" }));
const dockerfile = read("deploy/docker/Dockerfile");
const LESSONS = "/usr/local/share/tsdl/lessons";

describe("deploy/kubernetes, deploy/docker and binder (checked on paper)", () => {
  it("values.yaml parses as z2jh values: the image, limits, a culler and the lessons' folder the image has", () => {
    const values = yaml("deploy/kubernetes/values.yaml");
    assert.equal(values["singleuser"].cmd, "jupyterhub-singleuser");
    assert.match(values["singleuser"].memory.limit, /^\d+(\.\d+)?[MG]$/);
    assert.ok(values["singleuser"].cpu.limit > 0);
    assert.equal(values["cull"].enabled, true);
    assert.ok(values["hub"].config.Authenticator.admin_users.length > 0);
    const postStart = values["singleuser"].lifecycleHooks.postStart.exec.command.join(" ");
    assert.ok(postStart.includes(LESSONS) && dockerfile.includes(`--out ${LESSONS}`), "the values copy lessons from a folder the image does not fill");
    assert.ok(dockerfile.includes(values["singleuser"].extraEnv.JUPYTERHUB_SINGLEUSER_APP));
  });

  it("the Dockerfile copies only what the repository has, pins jupyterhub to Debian's, and uses Node 20", () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    assert.ok(copies.length > 5);
    for (const path of copies) assert.ok(existsSync(join(root, path)), `COPY ${path}: no such file in the repository`);
    assert.match(dockerfile, /^FROM node:20-bookworm AS build$/m);
    const pinned = /jupyterhub=(\S+)/.exec(dockerfile)?.[1];
    const debian = execFileSync("apt-cache", ["show", "--no-all-versions", "jupyterhub"], { encoding: "utf8" }).match(/^Version: (.+)$/m)?.[1];
    assert.equal(pinned, debian, "the image's jupyterhub is not the version Debian ships the hub");
    for (const script of ["dist/cli/tsdl.js install --prefix /usr/local", "dist/cli/tsdl.js assign"]) assert.ok(dockerfile.includes(script));
  });

  it("binder/ has an executable postBuild that parses, and apt.txt names Debian packages", () => {
    accessSync(join(root, "binder", "postBuild"), constants.X_OK);
    execFileSync("bash", ["-n", join(root, "binder", "postBuild")]);
    for (const cmd of read("binder/postBuild").matchAll(/^node (\S+)/gm)) assert.ok(existsSync(join(root, cmd[1]!.replace(/^dist\//, "").replace(/\.js$/, ".ts"))), cmd[1]);
    for (const pkg of read("binder/apt.txt").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"))) {
      execFileSync("apt-cache", ["show", "--no-all-versions", pkg.trim()], { stdio: "ignore" });
    }
    assert.ok(yaml("binder/environment.yml")["dependencies"].includes("nodejs=20"));
  });
});
