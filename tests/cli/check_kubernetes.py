"""Checks deploy/kubernetes against what batch/v1 Job and v1 PersistentVolumeClaim require, and
runs the pods' commands here: each index of the Indexed Job with JOB_COMPLETION_INDEX set as
Kubernetes sets it, then the merge, with /work mapped to WORK and hotspots on PATH.
  check_kubernetes.py DEPLOY_DIR WORK PACK_TOML"""
import os
import shutil
import subprocess
import sys

import yaml

deploy, work, pack = sys.argv[1:4]
docs = {}
for name in sorted(os.listdir(deploy)):
    if name.endswith(".yaml"):
        with open(os.path.join(deploy, name)) as f:
            docs[name] = list(yaml.safe_load_all(f))


def need(cond, what):
    if not cond:
        sys.exit(f"FAIL: {what}")


def pod_spec(job, name):
    need(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job", f"{name}: not a batch/v1 Job")
    need(job.get("metadata", {}).get("name"), f"{name}: no metadata.name")
    spec = job.get("spec", {})
    for k in ("completions", "parallelism", "backoffLimit"):
        need(k not in spec or (isinstance(spec[k], int) and spec[k] >= 0), f"{name}: spec.{k} is not a count")
    pod = spec.get("template", {}).get("spec")
    need(pod, f"{name}: no spec.template.spec")
    need(pod.get("restartPolicy") in ("Never", "OnFailure"), f"{name}: a Job's restartPolicy is Never or OnFailure")
    need(pod.get("containers"), f"{name}: no containers")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for c in pod["containers"]:
        need(c.get("name") and c.get("image"), f"{name}: a container needs a name and an image")
        for m in c.get("volumeMounts", []):
            need(m.get("name") in volumes and m.get("mountPath"), f"{name}: mount {m} has no volume")
        for e in c.get("env", []):
            need(isinstance(e.get("value", ""), str), f"{name}: env {e.get('name')} must be a string")
    return spec, pod


claims = {d["metadata"]["name"] for ds in docs.values() for d in ds
          if d.get("kind") == "PersistentVolumeClaim" and d.get("apiVersion") == "v1"}
jobs = {name: d for name, ds in docs.items() for d in ds if d.get("kind") == "Job"}
need("pack-shards.yaml" in jobs and "merge-job.yaml" in jobs, "the shards' and the merge's Jobs")
shards_spec, shards_pod = pod_spec(jobs["pack-shards.yaml"], "pack-shards.yaml")
merge_spec, merge_pod = pod_spec(jobs["merge-job.yaml"], "merge-job.yaml")
need(shards_spec.get("completionMode") == "Indexed", "the shards' Job is not completionMode: Indexed")
n = shards_spec["completions"]
for pod in (shards_pod, merge_pod):
    for v in pod["volumes"]:
        claim = v.get("persistentVolumeClaim", {}).get("claimName")
        need(claim in claims, f"volume {v['name']}: no PersistentVolumeClaim {claim} in deploy/kubernetes")
    env = {e["name"]: e["value"] for e in pod["containers"][0].get("env", [])}
    need(env.get("SHARDS") == str(n), f"SHARDS={env.get('SHARDS')} but completions={n}")

# The back-test of every force (evaluate-forces.yaml, then evaluate-forces-merge.yaml): each an
# Indexed Job, FORCES x SHARDS pods and then FORCES, with the same SHARDS and the same claim.
forces_spec, forces_pod = pod_spec(jobs["evaluate-forces.yaml"], "evaluate-forces.yaml")
fmerge_spec, fmerge_pod = pod_spec(jobs["evaluate-forces-merge.yaml"], "evaluate-forces-merge.yaml")
env_of = lambda pod: {e["name"]: e["value"] for e in pod["containers"][0].get("env", [])}
shards = {env_of(p).get("SHARDS") for p in (forces_pod, fmerge_pod)}
need(len(shards) == 1 and shards.pop().isdigit(), "evaluate-forces*.yaml: SHARDS missing or not the same in both")
k = int(env_of(forces_pod)["SHARDS"])
for spec, name in ((forces_spec, "evaluate-forces.yaml"), (fmerge_spec, "evaluate-forces-merge.yaml")):
    need(spec.get("completionMode") == "Indexed", f"{name}: not completionMode: Indexed")
need(k > 0 and forces_spec["completions"] == fmerge_spec["completions"] * k,
     f"evaluate-forces.yaml: completions {forces_spec['completions']} is not the merge's "
     f"{fmerge_spec['completions']} forces x SHARDS={k}")
for pod in (forces_pod, fmerge_pod):
    for v in pod["volumes"]:
        need(v.get("persistentVolumeClaim", {}).get("claimName") in claims, f"volume {v['name']}: no such claim")


def run(pod, index):
    c = pod["containers"][0]
    env = dict(os.environ)
    env.update({e["name"]: e["value"].replace("/work", work) for e in c.get("env", [])})
    if index is not None:
        env["JOB_COMPLETION_INDEX"] = str(index)
    argv = [a.replace("/work", work) for a in c["command"] + c.get("args", [])]
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    need(r.returncode == 0, f"{c['name']} {index}: exit {r.returncode}: {r.stderr}")


os.makedirs(os.path.join(work, "packs"), exist_ok=True)
for i in range(n):
    run(shards_pod, i)
run(merge_pod, None)
print(f"ok: {n} shards and the merge")
