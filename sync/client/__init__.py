"""The sync client (SYNC.md §1.2, §1.5–1.8): outbox push, change pull, resumable snapshot download,
conflict records and their resolution, retry policy over `requests`. Headless: no Qt, no server imports.

Entry point: `sync.client.client.SyncClient`; one cycle is `sync.client.cycle.SyncEngine.sync_project`.
"""
