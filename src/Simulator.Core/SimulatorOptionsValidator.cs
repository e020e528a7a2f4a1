using Microsoft.Extensions.Options;

namespace Simulator.Core;

/// <summary>
/// Checks <see cref="SimulatorOptions"/> against the ranges stated on it, nested sections included
/// (<see cref="ValidateObjectMembersAttribute"/>); the body is source generated, so a failure names
/// the setting (e.g. <c>Clock.Speed</c>).
/// </summary>
[OptionsValidator]
public sealed partial class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>;
