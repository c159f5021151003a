// A large SQL script with strings, comments, quoted names and $$ bodies holding ';'.

export function sqlCorpus(statements: number): string {
  const shapes = [
    (i: number) => `SELECT ${i} AS n, 'it''s; a string ${i}' AS s, "col;${i}" FROM t_${i % 97} -- note; ${i}\n`,
    (i: number) => `/* block; comment ${i} */ INSERT INTO logs VALUES (${i}, 'a\\'b;c', \`x;y\`)`,
    (i: number) => `CREATE FUNCTION f_${i}() RETURNS INT LANGUAGE python HANDLER = 'h' AS $$\ndef h():\n    return ${i}; # ;\n$$`,
    (i: number) => `CREATE STAGE s_${i} URL = 's3://bucket-${i}/p;q/' CONNECTION = (CONNECTION_NAME = 'c_${i}')`,
  ];
  const parts: string[] = [];
  for (let i = 0; i < statements; i++) parts.push(shapes[i % shapes.length](i));
  return `${parts.join(';\n')};\n`;
}
