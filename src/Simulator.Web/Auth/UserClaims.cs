using System.Globalization;
using System.Security.Claims;
using Simulator.Core.Domain;

namespace Simulator.Web.Auth;

public static class UserClaims
{
    public static IEnumerable<Claim> For(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        yield return new Claim(SimulatorAuth.UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture));
        yield return new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture));
        yield return new Claim(ClaimTypes.Name, user.Name);
        yield return new Claim(ClaimTypes.Email, user.Email);
        yield return new Claim(ClaimTypes.Role, user.Role.ToString());
    }
}
