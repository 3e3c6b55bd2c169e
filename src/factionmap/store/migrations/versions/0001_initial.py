"""Initial tables: documents and their layers, events, quantities, reviews.

Revision ID: 0001
Revises: (none)
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('pipeline_version', sa.String(), nullable=False),
    sa.Column('ingested_at', sa.String(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_documents_date', 'documents', ['date'])

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(), nullable=False),
    sa.Column('verdict', sa.String(), nullable=False),
    sa.Column('type', sa.String(), nullable=True),
    sa.Column('actor', sa.String(), nullable=True),
    sa.Column('recipient', sa.String(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewer', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_reviews_event', 'reviews', ['event_id'])

    op.create_table('candidates',
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'name')
    )
    op.create_table('events',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('recipient', sa.String(), nullable=False),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('quad', sa.String(), nullable=True),
    sa.Column('polarity', sa.String(), nullable=True),
    sa.Column('mode', sa.String(), nullable=True),
    sa.Column('mutual', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('claimed_by', sa.Text(), nullable=False),
    sa.Column('aux', sa.Text(), nullable=False),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('date_granularity', sa.String(), nullable=True),
    sa.Column('location', sa.String(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('admin1', sa.String(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=True),
    sa.Column('trigger', sa.String(), nullable=True),
    sa.Column('trigger_start', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_events_actor', 'events', ['actor'])
    op.create_index('ix_events_date', 'events', ['date'])
    op.create_index('ix_events_doc', 'events', ['doc_id'])
    op.create_index('ix_events_recipient', 'events', ['recipient'])
    op.create_index('ix_events_type', 'events', ['type'])

    op.create_table('mentions',
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(), nullable=True),
    sa.Column('kind', sa.String(), nullable=True),
    sa.Column('person', sa.String(), nullable=True),
    sa.Column('sentence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index('ix_mentions_actor', 'mentions', ['actor'])

    op.create_table('quantities',
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('measure', sa.String(), nullable=False),
    sa.Column('value_text', sa.Text(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(), nullable=True),
    sa.Column('claimed_by', sa.Text(), nullable=False),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index('ix_quantities_actor', 'quantities', ['actor'])

    op.create_table('sentences',
    sa.Column('doc_id', sa.String(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )


def downgrade() -> None:
    op.drop_table('sentences')
    op.drop_index('ix_quantities_actor', table_name='quantities')

    op.drop_table('quantities')
    op.drop_index('ix_mentions_actor', table_name='mentions')

    op.drop_table('mentions')
    op.drop_index('ix_events_type', table_name='events')
    op.drop_index('ix_events_recipient', table_name='events')
    op.drop_index('ix_events_doc', table_name='events')
    op.drop_index('ix_events_date', table_name='events')
    op.drop_index('ix_events_actor', table_name='events')

    op.drop_table('events')
    op.drop_table('candidates')
    op.drop_index('ix_reviews_event', table_name='reviews')

    op.drop_table('reviews')
    op.drop_index('ix_documents_date', table_name='documents')

    op.drop_table('documents')
