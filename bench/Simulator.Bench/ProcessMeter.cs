using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Data.Sqlite;

namespace Simulator.Bench;

/// <summary>What this process holds and spends: resident memory, managed heap, CPU time.</summary>
public static class ProcessMeter
{
    /// <summary>Collects everything collectable, twice (finalizers in between), and gives memory back to the OS.</summary>
    public static void FullCollect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>VmRSS from /proc/self/status, in bytes.</summary>
    public static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }

    public static long ManagedBytes() => GC.GetTotalMemory(forceFullCollection: false);

    /// <summary>What SQLite's own allocator holds (page caches of every open connection, statements, schema), in bytes.</summary>
    public static long SqliteNativeBytes()
    {
        // SqliteConnection's first use loads the native library (also when no store has been SQLite yet)
        using (new SqliteConnection())
        {
        }
        return SQLitePCL.raw.sqlite3_memory_used();
    }

    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static int Collections() => GC.CollectionCount(0);
}
