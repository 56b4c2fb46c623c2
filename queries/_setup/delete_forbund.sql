-- Remove the rows of the förbund an import replaces.
DELETE FROM deltagare WHERE list_contains($forbund, forbund)
