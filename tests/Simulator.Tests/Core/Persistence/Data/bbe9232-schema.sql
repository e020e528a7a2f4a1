-- The schema of the released version (commit bbe9232), as its EnsureCreated wrote it: `dotnet ef dbcontext script` on that commit's model.
-- Test data for StoreUpgradeTests: a store written before migrations existed must upgrade in place.
CREATE TABLE "Accounts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Accounts" PRIMARY KEY AUTOINCREMENT,
    "PracticeName" TEXT NOT NULL,
    "Plan" TEXT NOT NULL,
    "PlanChangedAt" INTEGER NOT NULL
);


CREATE TABLE "Clients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Clients" PRIMARY KEY AUTOINCREMENT,
    "ExternalRef" TEXT NOT NULL,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL
);


CREATE TABLE "Emails" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Emails" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "EndpointId" INTEGER NOT NULL,
    "To" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "Status" TEXT NOT NULL,
    "SendAttempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);


CREATE TABLE "Exercises" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Exercises" PRIMARY KEY AUTOINCREMENT,
    "ExternalRef" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Tools" TEXT NOT NULL
);


CREATE TABLE "Products" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Products" PRIMARY KEY AUTOINCREMENT,
    "ExternalRef" TEXT NOT NULL,
    "Name" TEXT NOT NULL
);


CREATE TABLE "SoapNotes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SoapNotes" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "ClientExternalRef" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Recommendations" TEXT NOT NULL,
    "SeenAt" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);


CREATE TABLE "Users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "ApiToken" TEXT NOT NULL
);


CREATE TABLE "WebhookEndpoints" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookEndpoints" PRIMARY KEY AUTOINCREMENT,
    "Url" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ContactEmail" TEXT NOT NULL,
    "EnabledEvents" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusReason" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "FailingSince" INTEGER NULL,
    "DisableAt" INTEGER NULL
);


CREATE TABLE "WebhookEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookEvents" PRIMARY KEY AUTOINCREMENT,
    "Type" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ObjectId" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL,
    "IsTest" INTEGER NOT NULL
);


CREATE TABLE "ExercisePrescription" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ExercisePrescription" PRIMARY KEY AUTOINCREMENT,
    "SoapNoteId" INTEGER NOT NULL,
    "ExerciseId" INTEGER NOT NULL,
    "ExerciseExternalRef" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "HoldFor" TEXT NOT NULL,
    "Instructions" TEXT NOT NULL,
    "Reps" INTEGER NOT NULL,
    "RestTime" TEXT NOT NULL,
    "Sets" INTEGER NOT NULL,
    "TimesPerDay" INTEGER NOT NULL,
    "TimesPerWeek" INTEGER NOT NULL,
    "Tools" TEXT NOT NULL,
    CONSTRAINT "FK_ExercisePrescription_SoapNotes_SoapNoteId" FOREIGN KEY ("SoapNoteId") REFERENCES "SoapNotes" ("Id") ON DELETE CASCADE
);


CREATE TABLE "ProductPrescription" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProductPrescription" PRIMARY KEY AUTOINCREMENT,
    "SoapNoteId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "ProductExternalRef" TEXT NOT NULL,
    "ProductId" INTEGER NOT NULL,
    CONSTRAINT "FK_ProductPrescription_SoapNotes_SoapNoteId" FOREIGN KEY ("SoapNoteId") REFERENCES "SoapNotes" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY AUTOINCREMENT,
    "EventId" INTEGER NOT NULL,
    "EndpointId" INTEGER NOT NULL,
    "EventType" TEXT NOT NULL,
    "IsTest" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "AttemptCount" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "FirstAttemptAt" INTEGER NULL,
    "NextAttemptAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    CONSTRAINT "FK_Deliveries_WebhookEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "WebhookEvents" ("Id") ON DELETE CASCADE
);


CREATE TABLE "DeliveryAttempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeliveryAttempts" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "DurationMs" INTEGER NOT NULL,
    "StatusCode" INTEGER NULL,
    "Error" TEXT NULL,
    "ResponseBody" TEXT NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    CONSTRAINT "FK_DeliveryAttempts_Deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_Deliveries_EndpointId" ON "Deliveries" ("EndpointId");


CREATE INDEX "IX_Deliveries_EventId" ON "Deliveries" ("EventId");


CREATE INDEX "IX_Deliveries_Status" ON "Deliveries" ("Status");


CREATE UNIQUE INDEX "IX_DeliveryAttempts_DeliveryId_Number" ON "DeliveryAttempts" ("DeliveryId", "Number");


CREATE INDEX "IX_Emails_Status" ON "Emails" ("Status");


CREATE INDEX "IX_ExercisePrescription_SoapNoteId" ON "ExercisePrescription" ("SoapNoteId");


CREATE INDEX "IX_ProductPrescription_SoapNoteId" ON "ProductPrescription" ("SoapNoteId");


CREATE INDEX "IX_SoapNotes_CreatedAt" ON "SoapNotes" ("CreatedAt");


CREATE INDEX "IX_SoapNotes_UpdatedAt" ON "SoapNotes" ("UpdatedAt");


CREATE UNIQUE INDEX "IX_Users_ApiToken" ON "Users" ("ApiToken");


CREATE INDEX "IX_WebhookEvents_IsTest_Type_Id" ON "WebhookEvents" ("IsTest", "Type", "Id");


