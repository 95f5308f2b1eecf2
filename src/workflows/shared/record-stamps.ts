/** Who created a record and when it was created and last changed, as every record view shows it. */
export interface RecordStamps {
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const stampsOf = (row: {
  created_by: string;
  created_at: string;
  updated_at: string;
}): RecordStamps => ({
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
