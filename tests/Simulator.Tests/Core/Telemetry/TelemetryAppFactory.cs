using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Simulator.Core.Telemetry;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Telemetry;

/// <summary>
/// The simulator with OpenTelemetry's in-memory exporters added to the providers the app registers
/// itself: spans are exported as they end, metrics when <see cref="Metric"/> flushes them.
/// </summary>
public sealed class TelemetryAppFactory : SimulatorAppFactory
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    /// <summary>Every log line the app writes.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The attempt spans whose URL starts with <paramref name="baseUrl"/> (a receiver's: other hosts in the process may export too).</summary>
    public List<Activity> AttemptSpans(string baseUrl)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.OperationName == SimulatorTelemetry.AttemptSpan
                && s.GetTagItem(SimulatorTelemetry.UrlTag) is string url && url.StartsWith(baseUrl, StringComparison.Ordinal))];
        }
    }

    /// <summary>Collects the metrics now and returns the named one's latest points.</summary>
    public IReadOnlyList<MetricPoint> Metric(string name)
    {
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush());
        lock (_metrics)
        {
            return _metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];
        }
    }

    /// <summary>A metric point's tag (attribute) value, null when it has none of that name.</summary>
    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new Locked<Activity>(_spans)));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(new Locked<MetricSnapshot>(_metrics)));
        });
    }

    /// <summary>A list the exporters add to under its own lock (spans end on several threads).</summary>
    private sealed class Locked<T>(List<T> items) : ICollection<T>
    {
        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (items)
            {
                return items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (items)
            {
                items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            lock (items)
            {
                return items.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
