/** leasecheck's public API: what a spec module and a program that runs checks import. */
export { joint, isSystem } from './spec/system.ts';
export { defineSystem, withVariant, withSet, withKnobs, withOrigin, variantsOf } from './spec/define.ts';
export type {
  System, SystemSpec, UntypedSpec, TypedSpec, SystemModel, ModelOf, SystemOrigin, SymmetryDecl, SymmetryGroup, ActorDecl, ActorMap, StateOf,
  JointAction, Participant, ParticipantOf, ParamDecl, ParamsDecl, ScopeOf, Params, ParamValue, Scope, GlobalState, Snapshot, BuildKit, BuildContext,
} from './spec/system.ts';
export type { KnobDecl, KnobsDecl, KnobSet, KnobValue, KnobValues, VariantDecl, ResolvedVariant } from './spec/variants.ts';
export { DEFAULT_VARIANT } from './spec/variants.ts';
export type { Presentation, LaneMap, ScenarioHooks, ScenarioStep, InstanceInfo, FieldHook } from './spec/presentation.ts';
export { always, sometimes, eventually, leadsTo, possibly, forAll, DEADLOCK_ID } from './spec/property.ts';
export type { Property, Predicate, PropertyKind, FairnessFilter, ActionRef, ForAll, Doc, PropertyDoc, LiveDoc, PossiblyDoc, Fixes } from './spec/property.ts';
export { check, checkAsync, checkCompiled } from './engine/check.ts';
export type { CheckResult, CheckSuccess, CheckOptions, CheckStats, OptionsFor, PropertyResult, ScopeOption, Verdict } from './engine/check.ts';
export { compileSystem } from './engine/compile.ts';
export type { CompiledSystem, ActionInstance } from './engine/compile.ts';
export { traceOf, traceToJSON, replayKey } from './engine/trace.ts';
export type { Trace, TraceStep, TraceJSON } from './engine/trace.ts';
export { LeasecheckError } from './errors.ts';
export type { ErrorCode } from './errors.ts';
export { replayTrace } from './engine/replay.ts';
export { ladder } from './engine/ladder.ts';
export type { LadderOptions, LadderResult, LadderRun, LadderAxis, PropertyLadder, VerdictChange } from './engine/ladder.ts';
export { explore, exploreAsync } from './engine/explore.ts';
export type { Exploration, ExploreOptions, StopReason, Progress } from './engine/explore.ts';
