# The Instinctive Notes Webhook Simulator as a container: `docker compose up` builds and runs it.
# Build stage: the SDK restores and publishes the web project, as `.ci/run` does outside Docker.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Restore first, from the project files only, so that a code change does not re-download packages.
# Without its .razor files the SDK would not know the web project needs the package that carries
# blazor.web.js (RequiresAspNetWebAssets), and the UI would load without its script: say so here.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY eng/ eng/
COPY src/Simulator.Core/Simulator.Core.csproj src/Simulator.Core/
COPY src/Simulator.Cli/Simulator.Cli.csproj src/Simulator.Cli/
COPY src/Simulator.Postgres/Simulator.Postgres.csproj src/Simulator.Postgres/
COPY src/Simulator.Web/Simulator.Web.csproj src/Simulator.Web/
RUN dotnet restore src/Simulator.Web/Simulator.Web.csproj -p:RequiresAspNetWebAssets=true
COPY src/ src/
RUN dotnet publish src/Simulator.Web/Simulator.Web.csproj -c Release -o /app --no-restore

# Runtime stage: the ASP.NET Core runtime only, running as the image's non-root user `app`.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
WORKDIR /app
# /data holds the SQLite file when Simulator__Storage__Provider=Sqlite (docker-compose.yml mounts a
# named volume there; an empty named volume takes this directory's owner, so `app` can write it).
RUN mkdir /data && chown "$APP_UID:$APP_UID" /data
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Simulator__Storage__SqlitePath=/data/simulator.db
EXPOSE 8080
USER $APP_UID
# The image has no curl or wget. Rather than install one (an apt download at build time, more in
# the image), the check is bash's own /dev/tcp: send GET /healthz, pass on a "200" status line.
# It needs bash, which the Ubuntu-based image has (the -chiseled and -alpine variants do not).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Simulator.Web.dll"]
