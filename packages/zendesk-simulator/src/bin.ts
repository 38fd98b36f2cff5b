#!/usr/bin/env node
import { runSimulatorCommand } from "./cli/command.js";

const { exitCode } = await runSimulatorCommand(process.argv.slice(2));
process.exitCode = exitCode;
