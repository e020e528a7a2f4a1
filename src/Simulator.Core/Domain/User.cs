namespace Simulator.Core.Domain;

/// <summary>A simulated user of the account; a local simulator has no passwords, only API tokens.</summary>
public sealed class User
{
    private User()
    {
        Name = Email = ApiToken = string.Empty;
    }

    public User(string name, string email, Role role, string apiToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiToken);
        Name = name;
        Email = email;
        Role = role;
        ApiToken = apiToken;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string Email { get; private set; }

    public Role Role { get; private set; }

    public string ApiToken { get; private set; }

    public bool IsOwner => Role == Role.Owner;
}
