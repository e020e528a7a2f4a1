using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Simulator.Web.Components.Pages.Deliveries;

/// <summary>An SVG <c>&lt;text&gt;</c> element (Razor reserves the tag for itself inside code).</summary>
public sealed class SvgText : ComponentBase
{
    [Parameter]
    public string X { get; set; } = "0";

    [Parameter]
    public string Y { get; set; } = "0";

    [Parameter]
    public string? Class { get; set; }

    [Parameter]
    public string Anchor { get; set; } = "middle";

    [Parameter]
    public string Text { get; set; } = string.Empty;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "x", X);
        builder.AddAttribute(2, "y", Y);
        builder.AddAttribute(3, "class", Class);
        builder.AddAttribute(4, "text-anchor", Anchor);
        builder.AddContent(5, Text);
        builder.CloseElement();
    }
}
