using Simulator.Core.Telemetry;

namespace Simulator.Tests.Core.Telemetry;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5005/hooks?token=s3cret&x=1", "http://127.0.0.1:5005/hooks?*")]
    [InlineData("https://example.com/hooks?s3cret", "https://example.com/hooks?*")]
    [InlineData("https://example.com/hooks#s3cret", "https://example.com/hooks")]
    [InlineData("https://example.com/hooks", "https://example.com/hooks")]
    [InlineData("not a url ?s3cret", "not a url ?*")]
    public void A_redacted_url_keeps_where_it_goes_and_hides_its_query(string url, string redacted)
    {
        Assert.Equal(redacted, UrlRedaction.Redact(url));
    }
}
