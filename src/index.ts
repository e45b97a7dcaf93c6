/** leasecheck's public API: what a spec module imports. */
export { defineSystem, joint, isSystem } from './spec/system.ts';
export type { System, SystemSpec, SystemModel, SymmetryDecl, ActorDecl, JointAction, Participant, ParamDecl, Params, ParamValue, Scope, GlobalState, Snapshot } from './spec/system.ts';
export { always, sometimes, eventually, leadsTo, possibly, forAll, DEADLOCK_ID } from './spec/property.ts';
export type { Property, Predicate, PropertyKind, FairnessFilter, ActionRef, ForAll } from './spec/property.ts';
export { check, checkAsync, checkCompiled } from './engine/check.ts';
export type { CheckResult, CheckSuccess, CheckOptions, CheckStats, PropertyResult, Verdict } from './engine/check.ts';
export { compileSystem } from './engine/compile.ts';
export type { CompiledSystem, ActionInstance } from './engine/compile.ts';
export { traceOf, traceToJSON, replayKey } from './engine/trace.ts';
export type { Trace, TraceStep, TraceJSON } from './engine/trace.ts';
export { LeasecheckError } from './errors.ts';
export { replayTrace } from './engine/replay.ts';
export { explore, exploreAsync } from './engine/explore.ts';
export type { Exploration, ExploreOptions, StopReason, Progress } from './engine/explore.ts';
