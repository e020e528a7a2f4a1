using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;

namespace Simulator.Tests.Core.Architecture;

/// <summary>No service of the core needs one that needs it back, and none hides such a loop.</summary>
public sealed class ServiceGraphTests
{
    private static ServiceCollection CoreServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSimulatorCore(new ConfigurationBuilder().Build());
        return services;
    }

    [Fact]
    public void Every_core_service_can_be_built_without_a_loop()
    {
        // ValidateOnBuild walks every registration's constructor: a service that needs itself,
        // directly or through others, fails here with "A circular dependency was detected".
        using var provider = CoreServices().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Assert.NotNull(provider);
    }

    [Fact]
    public void No_core_service_takes_a_deferred_dependency_that_could_hide_a_loop()
    {
        var deferred = CoreServices()
            .Select(d => d.ImplementationType)
            .OfType<Type>()
            .Where(t => t.Assembly == typeof(SimulatorOptions).Assembly)
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (Service: t, p.ParameterType)))
            .Where(p => p.ParameterType == typeof(IServiceProvider)
                || (p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() is var open
                    && (open == typeof(Lazy<>) || open == typeof(Func<>))))
            .Select(p => $"{p.Service.Name}({p.ParameterType.Name})")
            .ToList();
        Assert.Empty(deferred);
    }
}
