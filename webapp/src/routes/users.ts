import { Router } from 'express';
import type { Pool } from 'pg';
import { badRequest, HttpError } from '../http-errors.js';

const USERNAME = /^[A-Za-z0-9_.-]{1,80}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,54}\.[^\s@]{1,10}$/;

function parseUser(body: unknown): { username: string; email: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('send a JSON object: {"username": "...", "email": "..."}');
  }
  const { username, email } = body as Record<string, unknown>;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw badRequest('username is required: 1 to 80 letters, digits, "_", "." or "-"');
  }
  if (typeof email !== 'string' || !EMAIL.test(email))
    throw badRequest('email is required and must look like name@example.com');
  return { username, email };
}

export function usersRoutes(pool: Pool): Router {
  const router = Router();

  router.get('/users', async (_req, res) => {
    const { rows } = await pool.query(
      'SELECT id, username, email, created_at FROM users ORDER BY id LIMIT 1000',
    );
    res.json({ users: rows, count: rows.length });
  });

  router.post('/users', async (req, res) => {
    const { username, email } = parseUser(req.body);
    try {
      const { rows } = await pool.query(
        'INSERT INTO users (username, email) VALUES ($1, $2) RETURNING id, username, email, created_at',
        [username, email],
      );
      res.status(201).json({ message: 'User created', user: rows[0] });
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new HttpError(409, `username ${username} is taken`);
      throw error;
    }
  });

  return router;
}
