using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Simulator.Bench;

/// <summary>The machine the figures were taken on.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Memory, string OperatingSystem, string Runtime, string GarbageCollector)
{
    public static MachineInfo Current()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total
            && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes)
            ? $"{kilobytes / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";
        var gc = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent");
        return new MachineInfo(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, gc);
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadNow()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }
}
