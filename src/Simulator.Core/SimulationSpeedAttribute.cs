using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Simulator.Core;

/// <summary>A simulation clock speed: 0 (paused) or from <see cref="ClockOptions.MinSpeed"/> to <see cref="ClockOptions.MaxSpeed"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SimulationSpeedAttribute : ValidationAttribute
{
    public static readonly string Rule = string.Create(CultureInfo.InvariantCulture, $"0 (paused) or from {ClockOptions.MinSpeed} to {ClockOptions.MaxSpeed:0}");

    public SimulationSpeedAttribute()
        : base(() => "The field {0} must be " + Rule + ".")
    {
    }

    public override bool IsValid(object? value) => value is double speed && ClockOptions.IsValidSpeed(speed);
}
