namespace Simulator.Tests.TestSupport;

/// <summary>The <c>dotnet</c> executable that runs these tests, for child processes (publish, the published app).</summary>
public static class DotnetHost
{
    /// <summary>
    /// The SDK sets <c>DOTNET_HOST_PATH</c> for the processes it starts (<c>dotnet test</c> included);
    /// without it, <c>dotnet</c> from the PATH.
    /// </summary>
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
