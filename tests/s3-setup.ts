// Runs in each worker of the "s3" project before its test files: artifacts go to the bucket.
import { inject } from "vitest";
import { s3Env } from "../scripts/lib/s3-server.mjs";

Object.assign(process.env, s3Env(inject("s3Endpoint"), "runboard-test", `run-${process.pid}`));
