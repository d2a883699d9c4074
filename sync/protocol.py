"""Wire types of the sync protocol (SYNC.md §1.4) and their JSON codec."""
