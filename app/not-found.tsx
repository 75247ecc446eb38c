import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-16">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is no room or page at this address. Room codes are five letters and digits, like PRESS.</p>
      <Link href="/" className="text-sky-300 underline">
        Back to the rooms playing now
      </Link>
    </main>
  );
}
