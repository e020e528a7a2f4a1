#!/usr/bin/env bash
# Drive the simulator from a script: register a receiver, activate it, create a SOAP note,
# jump the clock ahead, and list the deliveries with their attempts. Needs curl and jq.
set -euo pipefail
SIM=${SIM:-http://localhost:8080}                        # dotnet run: http://localhost:5000
RECEIVER=${RECEIVER:-http://host.docker.internal:3000/webhooks}
AUTH="Authorization: Bearer dev-owner-token"
JSON="Content-Type: application/json"

# 1. Activation needs the Premium plan; register the receiver (it starts inactive)
curl -fsS -X PUT "$SIM/api/account/plan" -H "$AUTH" -H "$JSON" -d '{"plan":"Premium"}' > /dev/null
ENDPOINT=$(curl -fsS -X POST "$SIM/api/webhook-endpoints" -H "$AUTH" -H "$JSON" \
  -d "{\"url\":\"$RECEIVER\",\"contact_email\":\"dev@example.com\",\"enabled_events\":[\"soap_note.created\",\"soap_note.updated\"]}" \
  | jq -r .id)

# 2. Activate it
curl -fsS -X POST "$SIM/api/webhook-endpoints/$ENDPOINT/activate" -H "$AUTH" | jq -r '"endpoint \(.id) is \(.status)"'

# 3. Create a SOAP note (every field left out is generated): raises soap_note.created
curl -fsS -X POST "$SIM/api/soap-notes" -H "$AUTH" -H "$JSON" -d '{}' | jq -r '"created SOAP note \(.id)"'

# 4. Jump 13 simulated hours ahead; returns once every retry that fell due has run
curl -fsS -X POST "$SIM/api/clock/advance" -H "$AUTH" -H "$JSON" -d '{"seconds":46800}' | jq -r '"simulated now \(.now)"'

# 5. The endpoint's deliveries with their attempts
curl -fsS "$SIM/api/deliveries?endpoint_id=$ENDPOINT" -H "$AUTH" \
  | jq -r '.[] | "\(.event_type) \(.status) after \(.attempt_count) attempt(s): \([.attempts[] | (.status_code // .error | tostring)] | join(", "))"'
